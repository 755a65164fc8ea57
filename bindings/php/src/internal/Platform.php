<?php

namespace plenigo\internal;

/**
 * The platform whose native library this PHP process needs: the folder of lib/ that holds it
 * (linux-x86_64, linux-aarch64, linux-x86_64-musl, linux-aarch64-musl), from the CPU
 * (php_uname('m')) and the C library the running PHP is linked against (glibc or musl).
 *
 * @internal
 */
final class Platform
{
    /** The platforms the Composer package carries a library for, one folder of lib/ each. */
    public const CARRIED = ['linux-x86_64', 'linux-aarch64', 'linux-x86_64-musl', 'linux-aarch64-musl'];

    /** This process's platform, e.g. "linux-x86_64-musl"; null on one the package has no library for. */
    public static function current(): ?string
    {
        // The maps of this very process name the C library PHP runs on: exact even on a glibc
        // system with musl installed beside it (Debian's musl package adds /lib/ld-musl-*).
        $maps = @file_get_contents('/proc/self/maps');
        return self::detect(PHP_OS_FAMILY, php_uname('m'), $maps === false ? null : $maps);
    }

    /**
     * The platform for an OS family (PHP_OS_FAMILY), a machine name (php_uname('m')) and the
     * text of /proc/self/maps (null when unreadable: then musl is assumed where a musl loader
     * exists and no glibc one does).
     */
    public static function detect(string $os, string $machine, ?string $maps): ?string
    {
        $arch = match (strtolower($machine)) {
            'x86_64', 'amd64' => 'x86_64',
            'aarch64', 'arm64', 'aarch64_be' => 'aarch64',
            default => null,
        };
        if ($os !== 'Linux' || $arch === null) {
            return null;
        }
        return "linux-$arch" . (self::isMusl($arch, $maps) ? '-musl' : '');
    }

    private static function isMusl(string $arch, ?string $maps): bool
    {
        if ($maps !== null && preg_match('{/(ld-musl-|libc\.musl-)[^/\s]*$|/libc\.so\.6$}m', $maps, $m)) {
            return ($m[1] ?? '') !== '';
        }
        $glibcLoader = $arch === 'x86_64' ? '/lib64/ld-linux-x86-64.so.2' : '/lib/ld-linux-aarch64.so.1';
        return glob('/lib/ld-musl-*.so.1') !== [] && !file_exists($glibcLoader);
    }
}
