# Composer projects that install the package the way an app does, fully offline: sourced by
# scripts/test-composer and scripts/test-php-fpm (bash).
#
#   plenigo_composer_artifacts DIR     the other zips the tests install from DIR: psr/log
#                                      (Debian's php-psr-log files) and a stand-in
#                                      plenigo/plenigo-php-sdk (for the conflict)
#   plenigo_composer_project PROJECT ARTIFACTS [PACKAGE...]
#                                      an empty project in PROJECT requiring
#                                      plenigo/plenigo-ffi (and PACKAGE...) from the
#                                      artifact repository ARTIFACTS, packagist off;
#                                      `composer install`; the pages of tests/fpm/pages go
#                                      to PROJECT/public (they load vendor/autoload.php)
#
# Composer runs with COMPOSER_DISABLE_NETWORK=1 and a COMPOSER_HOME of its own: any attempt
# to reach a network fails the install.

plenigo_composer_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

plenigo_composer() { # DIR ARGS...: composer in DIR, offline
    local dir="$1"
    shift
    COMPOSER_HOME="$dir/.composer-home" COMPOSER_DISABLE_NETWORK=1 COMPOSER_ALLOW_SUPERUSER=1 \
        COMPOSER_NO_INTERACTION=1 composer --working-dir="$dir" --no-ansi "$@"
}

plenigo_composer_artifacts() {
    local dir="$1" tmp version
    tmp="$(mktemp -d)"
    mkdir -p "$dir" "$tmp/psr-log/Psr" "$tmp/sdk/src"
    # psr/log as Debian ships it (php-psr-log), with its upstream version.
    version="$(dpkg-query -W -f '${Version}' php-psr-log | sed 's/-[^-]*$//')"
    cp -r /usr/share/php/Psr/Log "$tmp/psr-log/Psr/Log"
    cat >"$tmp/psr-log/composer.json" <<JSON
{"name": "psr/log", "version": "$version", "description": "Common interface for logging libraries (from Debian's php-psr-log)",
 "license": "MIT", "require": {"php": ">=5.3.0"}, "autoload": {"psr-4": {"Psr\\\\Log\\\\": "Psr/Log/"}}}
JSON
    # A stand-in for plenigo's official SDK: the same plenigo\ namespace, hence the conflict.
    cat >"$tmp/sdk/composer.json" <<'JSON'
{"name": "plenigo/plenigo-php-sdk", "version": "1.9.0", "description": "stand-in for plenigo's official PHP SDK",
 "autoload": {"psr-4": {"plenigo\\": "src/"}}}
JSON
    echo '<?php namespace plenigo; final class PlenigoManager {}' >"$tmp/sdk/src/PlenigoManager.php"
    rm -f "$dir/psr-log.zip" "$dir/plenigo-php-sdk.zip"
    (cd "$tmp/psr-log" && zip -qrX "$dir/psr-log.zip" .)
    (cd "$tmp/sdk" && zip -qrX "$dir/plenigo-php-sdk.zip" .)
    rm -rf "$tmp"
}

plenigo_composer_project() {
    local project="$1" artifacts="$2" package
    shift 2
    rm -rf "$project"
    mkdir -p "$project/public"
    {
        echo '{'
        echo '    "name": "example/app", "description": "an app using plenigo", "type": "project",'
        echo '    "repositories": [{"type": "artifact", "url": "'"$artifacts"'"}, {"packagist.org": false}],'
        echo '    "require": {'
        printf '        "plenigo/plenigo-ffi": "*"'
        for package in "$@"; do printf ',\n        "%s": "*"' "$package"; done
        printf '\n    }\n}\n'
    } >"$project/composer.json"
    plenigo_composer "$project" install --no-progress || return 1
    cp "$plenigo_composer_here"/../fpm/pages/*.php "$project/public/"
}
