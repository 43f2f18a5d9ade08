#!/bin/sh
# Tyboo Engine builds with a JDK >= 21 (it compiles with --release 21).
# Sourced by ./mvnw and .ci/run: when JAVA_HOME (or the java on PATH) is older than 21,
# pick the newest JDK >= 21 under /usr/lib/jvm (or $TYBOO_JDK_DIRS, space separated) and export JAVA_HOME.
# It never overrides a JAVA_HOME that is already >= 21.

tyboo_java_major() { # $1 = JDK home; prints the major version or nothing
  if [ -r "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n 1
  fi
}

tyboo_select_jdk() {
  if [ -n "${JAVA_HOME-}" ]; then
    _v=$(tyboo_java_major "$JAVA_HOME")
  elif command -v java >/dev/null 2>&1; then
    _home=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p' | head -n 1)
    _v=$(tyboo_java_major "$_home")
  else
    _v=""
  fi
  if [ -n "$_v" ] && [ "$_v" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  _best=""
  _bestv=0
  case $- in *f*) _noglob=true; set +f ;; *) _noglob=false ;; esac
  for _d in ${TYBOO_JDK_DIRS:-/usr/lib/jvm}; do
    for _jdk in "$_d"/*; do
      [ -x "$_jdk/bin/javac" ] || continue
      _jv=$(tyboo_java_major "$_jdk")
      [ -n "$_jv" ] || continue
      if [ "$_jv" -ge 21 ] && [ "$_jv" -gt "$_bestv" ]; then
        _best=$_jdk
        _bestv=$_jv
      fi
    done
  done
  [ "$_noglob" = false ] || set -f
  if [ -n "$_best" ]; then
    JAVA_HOME=$_best
    export JAVA_HOME
    [ "${TYBOO_QUIET_JDK-}" = true ] || echo "[tyboo] using JDK $_bestv at $JAVA_HOME (the default java is older than 21)" >&2
    return 0
  fi
  echo "[tyboo] no JDK >= 21 found (JAVA_HOME='${JAVA_HOME-}', searched ${TYBOO_JDK_DIRS:-/usr/lib/jvm})." >&2
  echo "[tyboo] install one (for example Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}
