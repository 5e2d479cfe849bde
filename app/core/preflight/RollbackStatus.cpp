#include "RollbackStatus.h"

#include "preview/Preview.h"
#include "source/FileScan.h"

namespace mig {

QString RollbackStatus::text() const
{
    switch (kind) {
    case Kind::Missing: return verdictName(RollbackVerdict::NoRollback);
    case Kind::NotVerified: return verdictName(RollbackVerdict::NotRun);
    case Kind::Verified: return verdictName(RollbackVerdict::Verified);
    case Kind::LeavesDifferences: return verdictName(RollbackVerdict::LeavesDifferences);
    case Kind::Fails: return verdictName(RollbackVerdict::Fails);
    }
    return {};
}

RollbackStatus rollbackStatus(const MigrationStatus &s, const QMap<QString, StoredCheck> &verdicts)
{
    RollbackStatus r;
    if (!s.planned)
        return r;
    const Migration &m = s.planned->migration;
    if (m.down.isNull())
        return r;
    r.kind = RollbackStatus::Kind::NotVerified;
    const auto it = verdicts.constFind(s.version);
    if (it == verdicts.cend()) {
        r.detail = QStringLiteral("no preview has checked it (migctl preview)");
        return r;
    }
    r.check = *it;
    r.current = it->data.value(u"upChecksum").toString() == QString::fromLatin1(m.checksum)
                && it->data.value(u"downChecksum").toString() == QString::fromLatin1(scriptChecksum(m.down));
    if (!r.current) {
        r.detail = QStringLiteral("the scripts changed since preview run %1 checked them").arg(it->runId);
        return r;
    }
    if (it->measured == verdictName(RollbackVerdict::Verified))
        r.kind = RollbackStatus::Kind::Verified;
    else if (it->measured == verdictName(RollbackVerdict::LeavesDifferences))
        r.kind = RollbackStatus::Kind::LeavesDifferences;
    else if (it->measured == verdictName(RollbackVerdict::Fails))
        r.kind = RollbackStatus::Kind::Fails;
    r.detail = QStringLiteral("preview run %1, %2").arg(it->runId, it->at) + (it->status == u"fail" ? QStringLiteral(": ") + it->detail : QString());
    return r;
}

} // namespace mig
