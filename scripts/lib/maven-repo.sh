# shellcheck shell=bash
# The local Maven repository the Kotlin scripts share: target/maven-repo, seeded from ~/.m2 the
# first time (to save the downloads), with any plenigo artifacts left out. Source it, then
# `seed_maven_repo DIR` makes DIR that repository when it is missing.
seed_maven_repo() {
    local repo=$1
    [[ -d $repo ]] && return 0
    if [[ -d "${HOME:-/root}/.m2/repository" ]]; then
        rm -rf "$repo.tmp"
        cp -a "${HOME:-/root}/.m2/repository" "$repo.tmp"
        rm -rf "$repo.tmp/com/plenigo"
        mv "$repo.tmp" "$repo"
    else
        mkdir -p "$repo"
    fi
}
