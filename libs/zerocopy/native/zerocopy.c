// Zero-copy sending of immutable bodies (Linux): a body is copied once into a sealed memfd, which
// the caller maps read-only for its own reads; sendfile(2) then hands the pages to a socket
// without copying them through user space. Three functions, all synchronous and non-blocking:
//
//   seal(bytes)                     -> { fd, view }  a sealed memfd with a copy of `bytes`, and
//                                                    a read-only Buffer mapping it
//   send(socketFd, head, fd, offset, len)
//                                   -> bytes sent now, of `head` (a Uint8Array or null: bytes to
//                                      send first, such as HTTP headers, in the same packets as
//                                      the body) and then of the body; stops at EAGAIN; -errno
//   close(fd)                       -> undefined
//
// The memfd is sealed against writes, shrinking and growing before anything reads it, so what a
// socket gets and what the mapping shows are the same bytes for the descriptor's whole life.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHECK(env, call)                                                  \
  do {                                                                    \
    if ((call) != napi_ok) {                                              \
      napi_throw_error((env), "ERR_ZEROCOPY", "N-API call failed: " #call); \
      return NULL;                                                        \
    }                                                                     \
  } while (0)

static napi_value throw_errno(napi_env env, const char* what, int error) {
  char message[160];
  snprintf(message, sizeof message, "%s: %s", what, strerror(error));
  napi_throw_error(env, "ERR_ZEROCOPY", message);
  return NULL;
}

static void unmap(napi_env env, void* data, void* hint) {
  (void)env;
  munmap(data, (size_t)(uintptr_t)hint);
}

static napi_value seal(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  bool is_typed_array = false;
  if (argc < 1 || napi_is_typedarray(env, argv[0], &is_typed_array) != napi_ok || !is_typed_array) {
    napi_throw_type_error(env, "ERR_ZEROCOPY", "seal needs a Buffer or Uint8Array");
    return NULL;
  }
  napi_typedarray_type type;
  size_t length;
  void* data;
  CHECK(env, napi_get_typedarray_info(env, argv[0], &type, &length, &data, NULL, NULL));
  if (type != napi_uint8_array) {
    napi_throw_type_error(env, "ERR_ZEROCOPY", "seal needs a Buffer or Uint8Array");
    return NULL;
  }
  if (length == 0) {
    napi_throw_range_error(env, "ERR_ZEROCOPY", "an empty body cannot be sealed");
    return NULL;
  }

  int fd = memfd_create("reelguard-body", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return throw_errno(env, "memfd_create", errno);
  for (size_t written = 0; written < length;) {
    ssize_t n = write(fd, (const char*)data + written, length - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      int error = errno;
      close(fd);
      return throw_errno(env, "write", error);
    }
    written += (size_t)n;
  }
  if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
    int error = errno;
    close(fd);
    return throw_errno(env, "sealing", error);
  }
  void* view = mmap(NULL, length, PROT_READ, MAP_SHARED, fd, 0);
  if (view == MAP_FAILED) {
    int error = errno;
    close(fd);
    return throw_errno(env, "mmap", error);
  }

  napi_value buffer;
  if (napi_create_external_buffer(env, length, view, unmap, (void*)(uintptr_t)length, &buffer) != napi_ok) {
    munmap(view, length);
    close(fd);
    napi_throw_error(env, "ERR_ZEROCOPY", "external buffers are not allowed in this Node.js");
    return NULL;
  }
  napi_value result, fd_value;
  CHECK(env, napi_create_object(env, &result));
  CHECK(env, napi_create_int32(env, fd, &fd_value));
  CHECK(env, napi_set_named_property(env, result, "fd", fd_value));
  CHECK(env, napi_set_named_property(env, result, "view", buffer));
  return result;
}

static bool int_arg(napi_env env, napi_value value, int64_t* out) {
  double number;
  if (napi_get_value_double(env, value, &number) != napi_ok) return false;
  if (!(number >= 0 && number <= 9007199254740991.0) || number != (double)(int64_t)number) return false;
  *out = (int64_t)number;
  return true;
}

static napi_value send_now(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int64_t socket_fd, fd, offset, length;
  if (argc < 5 || !int_arg(env, argv[0], &socket_fd) || !int_arg(env, argv[2], &fd) ||
      !int_arg(env, argv[3], &offset) || !int_arg(env, argv[4], &length) || socket_fd > INT32_MAX ||
      fd > INT32_MAX) {
    napi_throw_type_error(env, "ERR_ZEROCOPY",
                          "send needs (socketFd, head or null, fd, offset, length) with whole numbers >= 0");
    return NULL;
  }
  const char* head = NULL;
  size_t head_length = 0;
  napi_valuetype head_type;
  CHECK(env, napi_typeof(env, argv[1], &head_type));
  if (head_type != napi_null) {
    bool is_typed_array = false;
    napi_typedarray_type type;
    void* data;
    if (napi_is_typedarray(env, argv[1], &is_typed_array) != napi_ok || !is_typed_array ||
        napi_get_typedarray_info(env, argv[1], &type, &head_length, &data, NULL, NULL) != napi_ok ||
        type != napi_uint8_array) {
      napi_throw_type_error(env, "ERR_ZEROCOPY", "the head must be a Buffer, a Uint8Array or null");
      return NULL;
    }
    head = (const char*)data;
  }

  int64_t sent = 0;
  // The head with MSG_MORE: the kernel holds it back to fill the packets with the body after it.
  while ((size_t)sent < head_length) {
    ssize_t n = send((int)socket_fd, head + sent, head_length - (size_t)sent, MSG_MORE | MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) goto done;
      sent = -(int64_t)errno;
      goto done;
    }
    sent += n;
  }
  off_t position = (off_t)offset;
  int64_t body_sent = 0;
  while (body_sent < length) {
    ssize_t n = sendfile((int)socket_fd, (int)fd, &position, (size_t)(length - body_sent));
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) break;
      sent = -(int64_t)errno;
      goto done;
    }
    if (n == 0) break;  // the body is shorter than asked: the caller sends the rest itself
    body_sent += n;
  }
  sent += body_sent;
done:;
  napi_value result;
  CHECK(env, napi_create_int64(env, sent, &result));
  return result;
}

static napi_value close_fd(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int64_t fd;
  if (argc < 1 || !int_arg(env, argv[0], &fd) || fd > INT32_MAX) {
    napi_throw_type_error(env, "ERR_ZEROCOPY", "close needs a descriptor");
    return NULL;
  }
  if (close((int)fd) != 0 && errno != EINTR) return throw_errno(env, "close", errno);
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor functions[] = {
      {"seal", NULL, seal, NULL, NULL, NULL, napi_enumerable, NULL},
      {"send", NULL, send_now, NULL, NULL, NULL, napi_enumerable, NULL},
      {"close", NULL, close_fd, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions) != napi_ok) return NULL;
  return exports;
}
