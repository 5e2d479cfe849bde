# packaging (issue 8): the man pages against `migctl --help`, the desktop entry and AppStream
# file through their validators, and `cmake --install` into an empty prefix. Scripts, no
# GoogleTest: each runs the real tool on the configured files (packaging/Install.cmake).
set(MIG_PKG_CONFIGURED ${PROJECT_BINARY_DIR}/packaging)
set(MIG_PKG_TESTS ${CMAKE_CURRENT_SOURCE_DIR}/packaging)

add_test(NAME packaging.manpage.commands
  COMMAND ${CMAKE_COMMAND} -DMIGCTL=$<TARGET_FILE:migctl> -DMANPAGE=${MIG_PKG_CONFIGURED}/man/migctl.1
          -DGUI_MANPAGE=${MIG_PKG_CONFIGURED}/man/migration-console.1 -DVERSION=${PROJECT_VERSION}
          -P ${MIG_PKG_TESTS}/check_manpage.cmake)
# groff's own warnings (-ww), the way man(1) formats the pages.
foreach(page IN ITEMS migctl migration-console)
  add_test(NAME packaging.manpage.groff.${page}
    COMMAND ${CMAKE_COMMAND} "-DCOMMAND=groff;-man;-Tutf8;-ww;-z;${MIG_PKG_CONFIGURED}/man/${page}.1"
            -P ${MIG_PKG_TESTS}/check_quiet.cmake)
endforeach()
add_test(NAME packaging.desktop-file-validate
  COMMAND ${CMAKE_COMMAND} "-DCOMMAND=desktop-file-validate;${PROJECT_SOURCE_DIR}/packaging/linux/${MIG_APP_ID}.desktop"
          -P ${MIG_PKG_TESTS}/check_quiet.cmake)
add_test(NAME packaging.appstream-validate
  COMMAND ${CMAKE_COMMAND} "-DCOMMAND=appstreamcli;validate;--no-net;${MIG_PKG_CONFIGURED}/${MIG_APP_ID}.metainfo.xml"
          "-DEXPECT=Validation was successful" -P ${MIG_PKG_TESTS}/check_quiet.cmake)
add_test(NAME packaging.install-tree
  COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR} -DPREFIX=${PROJECT_BINARY_DIR}/packaging-test-prefix
          -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DAPP_ID=${MIG_APP_ID} -DVERSION=${PROJECT_VERSION}
          -P ${MIG_PKG_TESTS}/check_install.cmake)
set_tests_properties(packaging.manpage.commands packaging.manpage.groff.migctl packaging.manpage.groff.migration-console
  packaging.desktop-file-validate packaging.appstream-validate packaging.install-tree
  PROPERTIES LABELS packaging TIMEOUT 120)
