#include "http_errors.hpp"

namespace pameran::sync {

int httpStatusOf(core::Errc code) {
  switch (code) {
    case core::Errc::Invalid: return 422;
    case core::Errc::NotFound: return 404;
    case core::Errc::Conflict: return 409;
    case core::Errc::OutOfStock: return 422;
    case core::Errc::Unauthorized: return 401;
    case core::Errc::LockedOut: return 429;
    case core::Errc::NeedsSupervisor: return 403;
    case core::Errc::ShiftClosed: return 409;
    case core::Errc::Storage: return 503;
    case core::Errc::DiskFull: return 503;
  }
  return 500;
}

std::string_view reasonPhrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "Error";
  }
}

}  // namespace pameran::sync
