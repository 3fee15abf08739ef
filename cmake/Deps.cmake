# Third-party libraries, found with pkg-config as imported targets. A missing
# one stops the configuration with the Debian package that provides it.
find_package(PkgConfig)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR "pkg-config not found: install the Debian package 'pkg-config' (or run scripts/setup)")
endif()

function(rc_require_pkg target module debian_pkg)
  pkg_check_modules(${target} QUIET IMPORTED_TARGET GLOBAL ${module})
  if(NOT ${target}_FOUND)
    message(FATAL_ERROR "${module} not found: install the Debian package '${debian_pkg}' (or run scripts/setup)")
  endif()
endfunction()

rc_require_pkg(CURL libcurl libcurl4-openssl-dev)
rc_require_pkg(JANSSON jansson libjansson-dev)
rc_require_pkg(LIBXML2 libxml-2.0 libxml2-dev)
rc_require_pkg(PCRE2 libpcre2-8 libpcre2-dev)
rc_require_pkg(GMIME gmime-3.0 libgmime-3.0-dev)
rc_require_pkg(MHD libmicrohttpd libmicrohttpd-dev)
find_package(Threads REQUIRED)
if(BUILD_TESTING)
  rc_require_pkg(CMOCKA cmocka libcmocka-dev)
endif()
