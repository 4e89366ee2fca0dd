// A refusal of the streaming module: the HTTP answer ({statusCode, error, message} through the
// app's filter) plus the reason code the audit trail records.
import { HttpException } from '@nestjs/common';

export class StreamDenied extends HttpException {
  constructor(
    status: 400 | 401 | 403 | 404 | 410 | 416 | 429,
    readonly reason: string,
    message: string,
  ) {
    super({ statusCode: status, message }, status);
  }
}
