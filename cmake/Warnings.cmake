# Warning flags shared by every relcheck target, applied through
# rc_apply_warnings(TARGET). Warnings are errors unless RELCHECK_WERROR is OFF.
set(RC_WARNING_FLAGS
  -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2 -Wmissing-prototypes
  -Wpointer-arith -Wundef -Wvla -Wno-unused-parameter)
if(RELCHECK_WERROR)
  list(APPEND RC_WARNING_FLAGS -Werror)
endif()

function(rc_apply_warnings target)
  target_compile_options(${target} PRIVATE ${RC_WARNING_FLAGS})
endfunction()
