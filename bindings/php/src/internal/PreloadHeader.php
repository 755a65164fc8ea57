<?php

namespace plenigo\internal;

/**
 * The header for ffi.preload: plenigo_php.h behind the FFI_SCOPE and FFI_LIB lines PHP reads
 * to load the library once per php-fpm (or mod_php) process. bin/preload-header writes it;
 * preload.php refuses to start a server whose header no longer matches plenigo_php.h.
 *
 * @internal
 */
final class PreloadHeader
{
    private const NOTE = '/* Made by bin/preload-header from plenigo_php.h: do not edit, run it again. */';

    /** The header text for the library at $library (an absolute path). */
    public static function render(string $library): string
    {
        if (!str_starts_with($library, '/') || preg_match('/["\\\\\r\n]/', $library)) {
            throw new \InvalidArgumentException("the library path must be absolute and plain: $library");
        }
        return '#define FFI_SCOPE "' . Native::SCOPE . "\"\n"
            . "#define FFI_LIB \"$library\"\n"
            . self::NOTE . "\n"
            . self::source();
    }

    /** True when $text is a header render() made from the current plenigo_php.h. */
    public static function isFresh(string $text): bool
    {
        $library = preg_match('/^#define FFI_SCOPE "[^"]*"\n#define FFI_LIB "([^"\n]*)"\n/', $text, $m) ? $m[1] : null;
        return $library !== null && $text === self::render($library);
    }

    /** The file among ffi.preload's headers that declares the plenigo scope; null when none does. */
    public static function find(): ?string
    {
        foreach (array_filter(explode(PATH_SEPARATOR, (string) ini_get('ffi.preload'))) as $file) {
            if (is_file($file) && str_contains((string) file_get_contents($file, false, null, 0, 200), '#define FFI_SCOPE "' . Native::SCOPE . '"')) {
                return $file;
            }
        }
        return null;
    }

    /** The library a header render() made loads (its FFI_LIB), null when $file is none. */
    public static function library(?string $file): ?string
    {
        $head = $file === null ? false : file_get_contents($file, false, null, 0, 4096);
        return is_string($head) && preg_match('/^#define FFI_LIB "([^"\n]*)"$/m', $head, $m) ? $m[1] : null;
    }

    /** The C declarations the package is built against. */
    private static function source(): string
    {
        return file_get_contents(dirname(__DIR__, 2) . '/plenigo_php.h');
    }
}
