# Shared by scripts/run-demo and scripts/test: install what the build and the
# tests need on a fresh Debian machine, skipping whatever is already there.
# shellcheck shell=bash

log() { printf '\033[1m==> [%4ss] %s\033[0m\n' "$SECONDS" "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=
apt_install() {
    if [ -z "$APT_UPDATED" ]; then
        log "apt-get update"
        as_root apt-get update -qq
        APT_UPDATED=1
    fi
    log "apt-get install $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# The wasm-bindgen CLI must match the library version in Cargo.lock exactly.
wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_build_tools() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        log "adding the wasm32 target"
        rustup target add wasm32-unknown-unknown
    fi
    local wb
    wb=$(wasm_bindgen_version)
    if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb\$"; then
        # No --locked: the CLI's lock file pins a crate the registry here lacks.
        # A build tool, not the product: without LTO and with parallel codegen
        # it installs in a fraction of the time.
        log "installing wasm-bindgen-cli $wb"
        CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
            cargo install --quiet wasm-bindgen-cli --version "$wb"
    fi
    if ! wasm-opt --version 2>/dev/null | grep -q 'version 132'; then
        # Debian's binaryen (108) is too old for the wasm rustc 1.95 emits.
        log "installing wasm-opt (binaryen 132) from npm"
        as_root npm install -g --silent binaryen@132
    fi
    if ! command -v brotli >/dev/null; then
        apt_install brotli
    fi
    if ! esbuild --version 2>/dev/null | grep -qx '0\.28\.2'; then
        # Minifies the JS glue and the CSS, as cargo-leptos does with swc and lightningcss.
        log "installing esbuild 0.28.2 from npm"
        as_root npm install -g --silent esbuild@0.28.2
    fi
}

# The browser bundle, built the way `cargo leptos build --release` builds it
# (same cargo command, wasm-bindgen and wasm-opt flags, file names), without
# cargo-leptos itself: installing it takes 10 to 25 minutes on 2 cores, longer
# than everything else a fresh machine needs. `cargo leptos watch` still works
# for development: the workspace keeps its [[workspace.metadata.leptos]] section.
SITE_ROOT=target/site
SITE_NAME=limitdesk # LEPTOS_OUTPUT_NAME in .cargo/config.toml
build_front() {
    local pkg=$SITE_ROOT/pkg wasm=target/front/wasm32-unknown-unknown/wasm-release/app.wasm
    log "front: cargo build (wasm32, profile wasm-release)"
    cargo build --quiet --package app --lib --target wasm32-unknown-unknown \
        --no-default-features --features hydrate --profile wasm-release --target-dir target/front
    rm -rf "$SITE_ROOT"
    mkdir -p "$pkg"
    log "front: wasm-bindgen, wasm-opt, esbuild"
    wasm-bindgen --target web --no-typescript --out-name "$SITE_NAME" --out-dir "$pkg" "$wasm"
    mv "$pkg/${SITE_NAME}_bg.wasm" "$pkg/$SITE_NAME.wasm"
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
        "$pkg/$SITE_NAME.wasm" -o "$pkg/$SITE_NAME.wasm"
    esbuild --minify --log-level=warning --allow-overwrite "$pkg/$SITE_NAME.js" --outfile="$pkg/$SITE_NAME.js"
    esbuild --minify --log-level=warning style/main.css --outfile="$pkg/$SITE_NAME.css"
    # Content-hashed names, as cargo-leptos' hash-files makes them: the server
    # reads hash.txt, links these names and lets browsers keep them a year.
    # Each is compressed once here, at the highest levels, not per request.
    local ext hash file
    : >"$SITE_ROOT/hash.txt"
    for ext in js wasm css; do
        hash=$(sha256sum "$pkg/$SITE_NAME.$ext" | cut -c1-16)
        mv "$pkg/$SITE_NAME.$ext" "$pkg/$SITE_NAME.$hash.$ext"
        echo "$ext: $hash" >>"$SITE_ROOT/hash.txt"
    done
    for file in "$pkg"/*; do
        brotli --best --keep "$file"
        gzip --best --keep "$file"
    done
    cp -R public/. "$SITE_ROOT/"
    log "front: done"
}

# Builds the browser bundle and, side by side, runs `cargo build --release "$@"`
# for the server: the wasm's single-threaded LTO overlaps the server's codegen.
build_site_and() {
    log "building the browser bundle and the server (release)"
    local started front_log front_pid
    started=$(date +%s)
    front_log=$(mktemp)
    build_front >"$front_log" 2>&1 &
    front_pid=$!
    if ! cargo build --quiet --release "$@"; then
        kill "$front_pid" 2>/dev/null || true
        return 1
    fi
    log "server: done"
    if ! wait "$front_pid"; then
        cat "$front_log" >&2
        log "the browser bundle failed to build"
        return 1
    fi
    grep -a '==>' "$front_log" >&2 || true
    rm -f "$front_log"
    log "built in $(( $(date +%s) - started )) s"
}

ensure_browser() {
    if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
        apt_install chromium chromium-driver
    fi
    # Only for the screenshots the browser tests leave in target/screenshots:
    # without a CJK font, Chinese renders as boxes.
    if ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
        apt_install fonts-noto-cjk
    fi
}

pg_bindir() {
    find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1
}

ensure_postgres() {
    if [ -z "$(pg_bindir)" ] || [ ! -x "$(pg_bindir)/postgres" ]; then
        apt_install postgresql
    fi
}

# Schemathesis, the property-based API fuzzer the tests run from the OpenAPI
# document, in a virtual environment under target/ (rebuilt on a clean clone,
# reused when present). Exports LIMITDESK_FUZZER, the path of its `st`.
SCHEMATHESIS_VERSION=4.32.5
ensure_fuzzer() {
    local venv=target/schemathesis-$SCHEMATHESIS_VERSION
    if [ ! -x "$venv/bin/st" ]; then
        if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
            apt_install python3-venv
        fi
        log "installing schemathesis $SCHEMATHESIS_VERSION (PyPI) into $venv"
        rm -rf "$venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
    fi
    LIMITDESK_FUZZER=$(pwd)/$venv/bin/st
    export LIMITDESK_FUZZER
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts a throwaway PostgreSQL cluster in a temporary directory on a free port
# and exports TEST_DATABASE_URL; stop_test_postgres removes it again.
start_test_postgres() {
    local bin port
    bin=$(pg_bindir)
    port=$(free_port)
    PG_TMP=$(mktemp -d /tmp/limitdesk-pg.XXXXXX)
    local run=()
    if [ "$(id -u)" -eq 0 ]; then
        # initdb refuses to run as root.
        chown postgres "$PG_TMP"
        run=(runuser -u postgres --)
    fi
    log "starting a throwaway PostgreSQL on port $port"
    "${run[@]}" "$bin/initdb" -D "$PG_TMP/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
    "${run[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/log" -w -o "-p $port -k $PG_TMP -c listen_addresses=127.0.0.1 ${PG_DURABILITY:--c fsync=off -c synchronous_commit=off -c full_page_writes=off} -c max_connections=300" start >/dev/null
    PG_RUN=("${run[@]}")
    PG_BIN=$bin
    export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
}

stop_test_postgres() {
    if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP" ]; then
        log "stopping the throwaway PostgreSQL"
        "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$PG_TMP"
    fi
}
