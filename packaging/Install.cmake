# What `cmake --install BUILD --prefix P` lays out besides the two programs (app/cli and app/gui
# install those): a desktop entry, AppStream metadata, the icon, man pages, the demo projects
# and the documentation, in the FHS places GNUInstallDirs names. The .deb (DebPackage.cmake)
# packs exactly this tree.
set(MIG_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/packaging)
set(MIG_CONFIGURED_DIR ${PROJECT_BINARY_DIR}/packaging)

# Files that carry the version, the date or the id: configured here, never written by hand.
configure_file(${MIG_PACKAGING_DIR}/linux/${MIG_APP_ID}.metainfo.xml.in
  ${MIG_CONFIGURED_DIR}/${MIG_APP_ID}.metainfo.xml @ONLY)
configure_file(${MIG_PACKAGING_DIR}/man/migctl.1.in ${MIG_CONFIGURED_DIR}/man/migctl.1 @ONLY)
configure_file(${MIG_PACKAGING_DIR}/man/migration-console.1.in ${MIG_CONFIGURED_DIR}/man/migration-console.1 @ONLY)
configure_file(${MIG_PACKAGING_DIR}/copyright.in ${MIG_CONFIGURED_DIR}/copyright @ONLY)

install(FILES ${MIG_PACKAGING_DIR}/linux/${MIG_APP_ID}.desktop
  DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${MIG_CONFIGURED_DIR}/${MIG_APP_ID}.metainfo.xml
  DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/app/${MIG_APP_ID}.svg
  DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${MIG_CONFIGURED_DIR}/man/migctl.1 ${MIG_CONFIGURED_DIR}/man/migration-console.1
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
# The demo projects, whole folders (seed/, policy, README): whatever migrations/ holds.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/migrations/
  DESTINATION ${MIG_INSTALL_DEMOS_DIR})
# Not CMAKE_INSTALL_DOCDIR: it is named after project() (MigrationConsole), not the package.
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${MIG_CONFIGURED_DIR}/copyright
  DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/migration-console)
