#pragma once

#include <QString>

namespace mig::report {

// Removes what must never reach a report: the password of a URL's user info
// (scheme://user:PASSWORD@host), the values of secret parameters (password=, sslpassword=,
// token=, api_key=, ... in URLs, conninfo strings and messages), and the value of
// MIGCTL_PASSWORD wherever it appears. Applied to every text read from the run store, so a
// secret that reached the store through an engine's message still stays out of the report.
QString redact(const QString &text);

} // namespace mig::report
