#pragma once

#include "RunStore.h"

#include "run/SchemaWatch.h"
#include "verify/Verifier.h"

namespace mig {

// Answers the engine needs from past runs, read from the run store.

// The expected schema after each migration, from the newest preview of the target that ran to
// the end: a run holds each migration to it when it starts from the same schema.
QList<SchemaExpectation> previewExpectations(RunStore &store, const QString &targetKey);

// The newest rollback verdict per migration version ("rollback" checks of previews).
QMap<QString, StoredCheck> rollbackVerdicts(RunStore &store, const QString &targetKey);

// What `migctl verify` compares with: run `runId`, or the newest run on the target that changed
// it (apply, resume, rollback) when empty.
VerifyBaseline verifyBaseline(RunStore &store, const QString &targetKey, const QString &runId = {});

// The schema the target was left with by the newest run that changed it; unset when none.
std::optional<StoredSnapshot> driftBaseline(RunStore &store, const QString &targetKey);

} // namespace mig
