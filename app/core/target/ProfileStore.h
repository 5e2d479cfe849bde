#pragma once

#include "ConnectionProfile.h"

#include <QStringList>
#include <optional>

namespace mig {

// Saved connection profiles, in the user's settings (QSettings, organisation
// "migration-console"). Never a password: those live in the keychain under the profile's name.
class ProfileStore
{
public:
    QStringList names() const;
    std::optional<ConnectionProfile> load(const QString &name) const;
    void save(const ConnectionProfile &profile); // by profile.name
    bool remove(const QString &name);
};

} // namespace mig
