# Install-time script (install(SCRIPT) from DebPackage.cmake, after the install(CODE) that sets
# the MIG_DEB_* values). Only when CPack stages the .deb (MIG_DEB_LAYOUT): gzip the man pages
# and add the package's changelog, as Debian policy wants (12.1, 12.7); `cmake --install`
# leaves the tree plain.
if(NOT MIG_DEB_LAYOUT)
  return()
endif()
set(root "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}")
file(GLOB pages "${root}/${MIG_DEB_MANDIR}/man1/*.1")
foreach(page IN LISTS pages)
  execute_process(COMMAND gzip -9nf "${page}" COMMAND_ERROR_IS_FATAL ANY)
endforeach()
# The changelog's date in RFC 2822 form, from the release date (GNU date, in coreutils).
execute_process(COMMAND date -u -R -d "${MIG_DEB_RELEASE_DATE}" OUTPUT_VARIABLE MIG_DEB_DATE
  OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
configure_file("${MIG_DEB_SOURCE_DIR}/packaging/changelog.in" "${root}/${MIG_DEB_DOCDIR}/changelog" @ONLY)
execute_process(COMMAND gzip -9nf "${root}/${MIG_DEB_DOCDIR}/changelog" COMMAND_ERROR_IS_FATAL ANY)
