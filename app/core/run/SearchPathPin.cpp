#include "SearchPathPin.h"

#include "target/TargetSession.h"

namespace mig {

namespace {

std::optional<QString> currentSearchPath(TargetSession &session)
{
    const QueryResult q = session.query(QStringLiteral("SELECT pg_catalog.current_setting('search_path')"));
    if (!q.ok())
        return std::nullopt;
    return q.scalar().toString();
}

// Session-wide (is_local false) rather than SET LOCAL in a transaction of the watch's own: the
// watch would have to open one, and were a script to leave its own open, ending ours would end
// the script's too. Set and set back, the session is as the migration left it either way (and
// inside a transaction that rolls back, both revert together).
bool setSearchPath(TargetSession &session, const QString &path)
{
    return session.query(QStringLiteral("SELECT pg_catalog.set_config('search_path', ?, false)"), {path}).ok();
}

} // namespace

void SearchPathPin::remember(TargetSession &session)
{
    m_path = session.dialect() == Dialect::Postgres ? currentSearchPath(session) : std::nullopt;
}

SearchPathPin::Scope::Scope(const SearchPathPin &pin, TargetSession &session)
    : m_session(session)
{
    if (!pin.m_path)
        return;
    const std::optional<QString> now = currentSearchPath(session);
    // Unreadable: the read that follows fails on the same session and says why.
    if (!now || *now == *pin.m_path)
        return;
    if (setSearchPath(session, *pin.m_path))
        m_restore = now;
}

SearchPathPin::Scope::~Scope()
{
    if (m_restore)
        setSearchPath(m_session, *m_restore);
}

} // namespace mig
