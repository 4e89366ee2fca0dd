export {
  loadZeroCopy,
  plainSocketFd,
  ZeroCopy,
  ZeroCopySendError,
  type SealedBody,
  type ZeroCopyLoad,
} from './zero-copy.js';
export { endWithSealedBody, writeNodeHead } from './response.js';
