#pragma once
// One way to turn an error into an HTTP answer: the status for each kind of failure, and the
// reason phrase for each status the server sends.
#include <string_view>

#include "pameran/core/error.hpp"

namespace pameran::sync {

/// The HTTP status for a failure from the store or the rules (Invalid 422, NotFound 404,
/// Conflict 409, Unauthorized 401, Storage and DiskFull 503...).
int httpStatusOf(core::Errc code);

/// The reason phrase of a status line ("Request Header Fields Too Large" for 431).
std::string_view reasonPhrase(int status);

}  // namespace pameran::sync
