# Who the application is, read by the install rules, the .deb, the desktop entry, the AppStream
# file, the man pages and the GUI (setDesktopFileName, window icon). Included right after
# project(), so the version stays in project() alone and everything else derives from it.
include(GNUInstallDirs)

# Reverse-DNS application id: the desktop file's name, the AppStream id, the icon's name.
set(MIG_APP_ID io.github.migration_console.MigrationConsole)
# The release date of PROJECT_VERSION (AppStream <release>, the man pages' header, the Debian
# changelog). Change it together with the version in project().
set(MIG_RELEASE_DATE 2026-11-22)
set(MIG_HOMEPAGE "https://github.com/migration-console/migration-console"
  CACHE STRING "Project home page (the .deb's Homepage:, the AppStream <url>)")
set(MIG_PACKAGE_MAINTAINER "Migration Console maintainers <maintainers@migration-console.example>"
  CACHE STRING "Maintainer of the .deb")

# Where the demo projects go, and the same place seen from the executables' folder: the
# programs look for them there, so an installed tree works wherever it was put
# (cmake --install --prefix P, or /usr from the .deb) without a compiled-in absolute path.
set(MIG_INSTALL_DEMOS_DIR "${CMAKE_INSTALL_DATADIR}/migration-console/migrations")
file(RELATIVE_PATH MIG_DEMOS_DIR_FROM_BINDIR
  "${CMAKE_INSTALL_FULL_BINDIR}" "${CMAKE_INSTALL_FULL_DATADIR}/migration-console/migrations")
