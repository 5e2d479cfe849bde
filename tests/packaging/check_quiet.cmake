# cmake -DCOMMAND="tool;arg;..." [-DEXPECT=REGEX] -P check_quiet.cmake
# Runs a validator and fails when it exits non-zero or says anything (a warning is a failure),
# except the line that matches EXPECT (appstreamcli's success line), which must be there.
execute_process(COMMAND ${COMMAND} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
set(all "${out}${err}")
if(DEFINED EXPECT)
  if(NOT all MATCHES "${EXPECT}")
    message(SEND_ERROR "expected output matching '${EXPECT}'")
  endif()
  string(REGEX REPLACE "[^\n]*${EXPECT}[^\n]*" "" all "${all}")
endif()
string(STRIP "${all}" all)
if(NOT rc EQUAL 0 OR NOT all STREQUAL "")
  list(JOIN COMMAND " " shown)
  message(FATAL_ERROR "${shown}\nexit ${rc}:\n${out}${err}")
endif()
