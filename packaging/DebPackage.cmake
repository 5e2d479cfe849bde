# `cpack -G DEB` in the build folder: the tree of Install.cmake as a Debian package named
# migration-console, installed under /usr. The version is project()'s.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME migration-console)
set(CPACK_PACKAGE_VENDOR "The Migration Console developers")
set(CPACK_PACKAGE_CONTACT "${MIG_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "desktop console and CLI to take database migrations to production")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON) # RelWithDebInfo keeps debug sections: migctl is 95 MB unstripped, 3.5 MB stripped
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # migration-console_VERSION_ARCH.deb

set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${MIG_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${MIG_HOMEPAGE}")
# Extended description, after the summary above; CPack indents it and turns the blank line into
# the " ." deb-control(5) wants.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Migration Console takes a folder of migrations (native, Flyway, golang-migrate,
dbmate, goose or sql-migrate layouts) to a PostgreSQL, MariaDB, MySQL or SQLite
database with every step measured: the state of each migration, a preview of
its schema changes with the rollback verified, a go/no-go checklist (lint
against live data, backups with a restore test, sessions, replication lag,
sign-offs), a live run that can be cancelled, verification, and reports in
PDF, Markdown, HTML, JSON and JUnit.

This package holds the Qt desktop console (migration-console), the command
line for scripts and CI (migctl), their man pages and the demo projects.")

# Shared libraries: dpkg-shlibdeps reads them from the binaries. What is loaded at run time
# is invisible to it and is listed here: Qt's SQL drivers (the engine opens every target
# through QSqlDatabase), the platform plugins (xcb, wayland, offscreen), the SVG image and
# icon plugins (the icons are SVG), and the client tools the backups, restores and scratch
# previews run (pg_dump, pg_restore, psql; mysqldump, mysql).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "libqt6sql6-sqlite, libqt6sql6-psql, libqt6sql6-mysql, qt6-qpa-plugins, libqt6svg6, postgresql-client, mariadb-client")
# Passwords go to a Secret Service; without one the console asks each session.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring")

# Debian keeps man pages and changelogs gzipped (Policy 12.1, 12.7); `cmake --install` leaves
# them plain. CPack's own install run sets MIG_DEB_LAYOUT for packaging/DebLayout.cmake.
set(CPACK_CUSTOM_INSTALL_VARIABLES "MIG_DEB_LAYOUT=ON")
install(CODE "
  set(MIG_DEB_MANDIR \"${CMAKE_INSTALL_MANDIR}\")
  set(MIG_DEB_DOCDIR \"${CMAKE_INSTALL_DATAROOTDIR}/doc/migration-console\")
  set(MIG_DEB_SOURCE_DIR \"${PROJECT_SOURCE_DIR}\")
  set(MIG_DEB_VERSION \"${PROJECT_VERSION}\")
  set(MIG_DEB_RELEASE_DATE \"${MIG_RELEASE_DATE}\")
  set(MIG_DEB_MAINTAINER \"${MIG_PACKAGE_MAINTAINER}\")")
install(SCRIPT ${PROJECT_SOURCE_DIR}/packaging/DebLayout.cmake)

include(CPack)
