# cmake -DBUILD_DIR=... -DPREFIX=... -DSOURCE_DIR=... -DAPP_ID=... -DVERSION=... -P check_install.cmake
# `cmake --install` into an empty prefix lays out the FHS tree, and the installed programs run
# from it: migctl plans the installed demo and makes a demo target, the console starts.
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
  OUTPUT_QUIET RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc}): ${err}")
endif()

set(demos share/migration-console/migrations)
foreach(f IN ITEMS
    bin/migctl bin/migration-console
    share/applications/${APP_ID}.desktop
    share/metainfo/${APP_ID}.metainfo.xml
    share/icons/hicolor/scalable/apps/${APP_ID}.svg
    share/man/man1/migctl.1 share/man/man1/migration-console.1
    share/doc/migration-console/README.md share/doc/migration-console/copyright
    ${demos}/sqlite-demo)
  if(NOT EXISTS ${PREFIX}/${f})
    message(SEND_ERROR "missing from the installed tree: ${f}")
  endif()
endforeach()

# Every file of every demo folder (seed/, policy, README...), nothing left behind.
file(GLOB_RECURSE source_files RELATIVE ${SOURCE_DIR}/migrations ${SOURCE_DIR}/migrations/*)
file(GLOB_RECURSE installed_files RELATIVE ${PREFIX}/${demos} ${PREFIX}/${demos}/*)
list(SORT source_files)
list(SORT installed_files)
if(NOT source_files STREQUAL installed_files)
  message(SEND_ERROR "installed demos differ from migrations/:\n source: ${source_files}\n installed: ${installed_files}")
endif()

execute_process(COMMAND ${PREFIX}/bin/migctl --version OUTPUT_VARIABLE out RESULT_VARIABLE rc)
string(STRIP "${out}" out)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "migctl ${VERSION}")
  message(SEND_ERROR "installed migctl --version: '${out}' (exit ${rc}), expected 'migctl ${VERSION}'")
endif()
execute_process(COMMAND ${PREFIX}/bin/migctl plan --dir ${PREFIX}/${demos}/sqlite-demo
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "001")
  message(SEND_ERROR "installed migctl plan of the installed sqlite-demo: exit ${rc}\n${out}${err}")
endif()
# The installed migctl finds the installed demos (from its own folder, not a compiled-in
# prefix) and makes a demo target from the installed seed.
execute_process(COMMAND ${PREFIX}/bin/migctl demo --list OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "\n +${PREFIX}/${demos}/sqlite-demo\n")
  message(SEND_ERROR "installed migctl demo --list does not name ${PREFIX}/${demos}/sqlite-demo (exit ${rc}):\n${out}")
endif()
execute_process(COMMAND ${PREFIX}/bin/migctl demo sqlite-demo --target sqlite:${PREFIX}/demo.db
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "${PREFIX}/${demos}/sqlite-demo")
  message(SEND_ERROR "installed migctl demo sqlite-demo: exit ${rc}\n${out}${err}")
endif()
set(ENV{QT_QPA_PLATFORM} offscreen)
execute_process(COMMAND ${PREFIX}/bin/migration-console --version OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "${VERSION}")
  message(SEND_ERROR "installed migration-console --version: '${out}' (exit ${rc})")
endif()
file(REMOVE_RECURSE ${PREFIX})
