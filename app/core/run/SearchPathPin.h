#pragma once

#include <QString>

#include <optional>

namespace mig {

class TargetSession;

// PostgreSQL prints names as the session's search_path resolves them (format_type,
// pg_get_expr, pg_get_viewdef), and current_schema() says where the console's own tables are.
// A migration may move search_path for the rest of the session (pg_dump's header empties it),
// so the schema watch reads with the search_path the run started with, and gives the
// migration's back afterwards: later migrations run as they would without the watch.
class SearchPathPin
{
public:
    // The session's search_path now, to read with from then on. Other engines: nothing.
    void remember(TargetSession &session);

    // While it lives, the session has the remembered search_path; its own comes back after.
    class Scope
    {
    public:
        Scope(const SearchPathPin &pin, TargetSession &session);
        ~Scope();
        Scope(const Scope &) = delete;
        Scope &operator=(const Scope &) = delete;

    private:
        TargetSession &m_session;
        std::optional<QString> m_restore; // set only when it was moved
    };

private:
    std::optional<QString> m_path;
};

} // namespace mig
