# The scan cache of migctl plan / status (issue 9): in-process against real files and cache
# files, and through the real migctl against SQLite targets.
mig_test(test_scan_cache unit SOURCES plancache/test_scan_cache.cpp)
target_include_directories(test_scan_cache PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/plancache)
target_link_libraries(test_scan_cache PRIVATE SQLite::SQLite3)

mig_test(test_plancache_cli integration-sqlite SOURCES plancache/test_plancache_cli.cpp PROPERTIES TIMEOUT 120)
target_include_directories(test_plancache_cli PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/plancache)
target_link_libraries(test_plancache_cli PRIVATE SQLite::SQLite3)
add_dependencies(test_plancache_cli migctl)
