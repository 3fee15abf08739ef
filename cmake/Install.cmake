# Installation of what is not a target: the manual page relcheck(1) and
# the bash completion. The executable's own rule is in
# runner/CMakeLists.txt. Included from the top CMakeLists.txt with
# include(Install); `cmake --install BUILD [--prefix DIR]` then puts
#   bin/relcheck
#   share/man/man1/relcheck.1
#   share/bash-completion/completions/relcheck
# under the prefix (the completion folder is the one bash-completion
# searches under every prefix of XDG_DATA_DIRS).
include(GNUInstallDirs)
get_filename_component(RC_INSTALL_SOURCE "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

install(FILES "${RC_INSTALL_SOURCE}/docs/relcheck.1"
        DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
install(FILES "${RC_INSTALL_SOURCE}/completion/relcheck.bash"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions"
        RENAME relcheck)
