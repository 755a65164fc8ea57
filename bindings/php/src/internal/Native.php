<?php

namespace plenigo\internal;

use FFI;
use FFI\CData;
use plenigo\PlenigoException;

/**
 * The bridge to the native library: loads it with the PHP-ready header, converts arguments,
 * turns a failed status into a PlenigoException and copies and frees every native string.
 *
 * @internal
 */
final class Native
{
    /** Environment variable naming the library file, overriding lib/ inside this package. */
    public const LIBRARY_ENV = 'PLENIGO_FFI_LIB';

    /** The FFI_SCOPE of the preload header (bin/preload-header) that ffi.preload loads. */
    public const SCOPE = 'plenigo';

    private static ?FFI $ffi = null;

    /** @var array<int, ?string> the library's status names looked up so far */
    private static array $statusNames = [];

    /**
     * The library: the scope preloaded by ffi.preload when there is one (php-fpm, mod_php),
     * else loaded here with FFI::cdef where FFI is fully enabled (the CLI, ffi.enable=true).
     * Loaded once per request (once per process in the CLI).
     *
     * @throws PlenigoException naming the php.ini lines to set when neither works
     */
    public static function ffi(): FFI
    {
        return self::$ffi ??= self::load();
    }

    private static function load(): FFI
    {
        if (!extension_loaded('FFI')) {
            throw self::setup('PHP\'s FFI extension is not loaded (Debian: php8.2-cli/php8.2-fpm include it)');
        }
        try {
            $ffi = FFI::scope(self::SCOPE);
        } catch (\FFI\Exception) {
            $ffi = null; // Not preloaded: load the library ourselves where the FFI API is open to us.
        }
        if ($ffi !== null) {
            // Per request: the version constants only (no file read); preload.php also checks
            // a version the header declares in its text, once, when the server starts.
            self::checkPreloaded($ffi, false);
            return $ffi;
        }
        $library = self::libraryPath();
        if (!is_file($library)) {
            $platform = Platform::current();
            throw PlenigoException::of(
                "plenigo native library not found at $library ("
                    . ($platform === null
                        ? 'this platform, ' . PHP_OS_FAMILY . ' ' . php_uname('m') . ', has no library in the package: it carries '
                        : "platform $platform; the package carries ")
                    . implode(', ', Platform::CARRIED) . '): install the package built with its libraries, build it (scripts/test-c-php) or set '
                    . self::LIBRARY_ENV,
                10,
                0,
                PlenigoException::SETUP,
            );
        }
        $header = dirname(__DIR__, 2) . '/plenigo_php.h';
        $text = (string) file_get_contents($header);
        try {
            $ffi = FFI::cdef($text, $library);
        } catch (\FFI\Exception $e) {
            if (str_contains($e->getMessage(), 'ffi.enable')) {
                throw self::setup('the FFI API is not available here (' . $e->getMessage() . ')', $e);
            }
            throw PlenigoException::of(
                "plenigo cannot load $library with plenigo_php.h ({$e->getMessage()}): "
                    . 'the library and the package must come from the same build',
                10,
                0,
                PlenigoException::SETUP,
                false,
                $e,
            );
        }
        self::checkBuild($ffi, $header, fn () => $text, $library);
        return $ffi;
    }

    /**
     * Refuses a library from another build than the header it was loaded with: the version
     * the header declares (PLENIGO_VERSION_MAJOR/MINOR/PATCH, generated with it) must be the
     * one the library reports (plenigo_version()). A header that declares no version is not
     * this package's and is refused too.
     *
     * @param \Closure(): string $text the header's text, read only when FFI cannot tell
     * @throws PlenigoException of kind SETUP on a mismatch
     */
    /**
     * checkBuild() for the scope ffi.preload loaded, named by its header file (PreloadHeader::find());
     * $readText: also look for a version in the header's text.
     *
     * @throws PlenigoException of kind SETUP on a mismatch
     */
    public static function checkPreloaded(FFI $ffi, bool $readText): void
    {
        $header = PreloadHeader::find();
        self::checkBuild(
            $ffi,
            $header ?? 'the header ffi.preload loaded',
            $readText && $header !== null ? fn () => (string) file_get_contents($header) : null,
            fn () => PreloadHeader::library($header),
        );
    }

    /**
     * @param (\Closure(): ?string)|string $library the library's path, or a closure that finds it
     */
    private static function checkBuild(FFI $ffi, string $header, ?\Closure $text, \Closure|string $library): void
    {
        $expected = self::headerVersion($ffi, $text);
        try {
            $actual = (string) $ffi->plenigo_version();
        } catch (\FFI\Exception $e) {
            $actual = "unknown ({$e->getMessage()})";
        }
        if ($actual !== $expected) {
            $library = (is_string($library) ? $library : $library()) ?? 'the preloaded library';
            throw PlenigoException::of(
                "plenigo's header $header and library $library come from different builds: the header "
                    . ($expected === null ? 'declares no version' : "is for version $expected")
                    . ", the library is version $actual. Install the package again (its header and "
                    . 'libraries are one build), or point PLENIGO_FFI_LIB at the library of this version; under '
                    . 'php-fpm or mod_php run bin/preload-header again and restart the server',
                10,
                0,
                PlenigoException::SETUP,
            );
        }
    }

    /** The version the header declares ("MAJOR.MINOR.PATCH"), null when it declares none. */
    public static function headerVersion(FFI $ffi, ?\Closure $text): ?string
    {
        try {
            // Enum constants in plenigo_php.h (it may carry no #define): read from the loaded header.
            return sprintf('%d.%d.%d', $ffi->PLENIGO_VERSION_MAJOR, $ffi->PLENIGO_VERSION_MINOR, $ffi->PLENIGO_VERSION_PATCH);
        } catch (\FFI\Exception) {
            // Not declared as constants: look for them (or PLENIGO_VERSION "x.y.z") in the text.
        }
        $source = $text === null ? '' : $text();
        if (preg_match('/\bPLENIGO_VERSION\s+"(\d+\.\d+\.\d+[^"]*)"/', $source, $m)) {
            return $m[1];
        }
        $parts = [];
        foreach (['MAJOR', 'MINOR', 'PATCH'] as $part) {
            if (!preg_match("/\\bPLENIGO_VERSION_$part\\b\\D*?(\\d+)/", $source, $m)) {
                return null;
            }
            $parts[] = $m[1];
        }
        return implode('.', $parts);
    }

    /** The exception for a PHP set-up that cannot reach the library, naming the fix. */
    private static function setup(string $problem, ?\Throwable $previous = null): PlenigoException
    {
        $package = dirname(__DIR__, 2);
        return PlenigoException::of(
            "plenigo cannot load its native library: $problem. Preload it with these php.ini lines "
                . "(see $package/README.md): opcache.preload=$package/preload.php, "
                . 'opcache.preload_user=www-data, ffi.enable=preload, '
                . "ffi.preload=$package/lib/plenigo_preload.h (made by php $package/bin/preload-header); "
                . 'or set ffi.enable=true',
            10,
            0,
            PlenigoException::SETUP,
            false,
            $previous,
        );
    }

    /**
     * Where the library is: $PLENIGO_FFI_LIB; else lib/<platform>/libplenigo.so inside this
     * package, the one for this machine (Platform::current(): linux-x86_64, linux-aarch64,
     * linux-x86_64-musl, linux-aarch64-musl); else lib/libplenigo.so (a development build,
     * as scripts/test-c-php copies it).
     */
    public static function libraryPath(): string
    {
        $override = getenv(self::LIBRARY_ENV);
        if (is_string($override) && $override !== '') {
            return $override;
        }
        $lib = dirname(__DIR__, 2) . '/lib';
        $platform = Platform::current();
        $carried = $platform === null ? null : "$lib/$platform/libplenigo.so";
        $suffix = PHP_OS_FAMILY === 'Darwin' ? 'dylib' : 'so';
        $development = "$lib/libplenigo.$suffix";
        if ($carried !== null && (is_file($carried) || !is_file($development))) {
            return $carried;
        }
        return $development;
    }

    /** The library's name of a status, e.g. "PLENIGO_STATUS_NOT_FOUND"; null when it names none. */
    public static function statusName(int $status): ?string
    {
        if ($status < 0) {
            return null;
        }
        if (!array_key_exists($status, self::$statusNames)) {
            // PHP's FFI hands a `const char*` result over as a string (null for NULL).
            self::$statusNames[$status] = self::ffi()->plenigo_status_name($status);
        }
        return self::$statusNames[$status];
    }

    /**
     * Calls a fallible C function with $args plus the error out-parameter. Returns null on
     * success, else the failure (read from the native error, which is freed) for check().
     *
     * The two steps keep FFI::addr() pointers out of the frames an exception's trace captures:
     * PHP crashes when it prints such a trace after the pointed-to CData is gone.
     *
     * @return array{message: string, code: int, httpStatus: int, status: int, outcomeUnknown: bool}|null
     */
    public static function call(string $function, mixed ...$args): ?array
    {
        $ffi = self::ffi();
        $error = $ffi->new('plenigo_error*');
        $args[] = FFI::addr($error);
        $status = $ffi->$function(...$args);
        if ($status === 0) {
            return null;
        }
        if (FFI::isNull($error)) {
            return self::failure("plenigo call failed with status $status", 10, 0, $status, false);
        }
        try {
            $message = $ffi->plenigo_error_message($error);
            return self::failure(
                $message === null ? "plenigo call failed with status $status" : self::take($message),
                $ffi->plenigo_error_plenigo_code($error),
                $ffi->plenigo_error_http_status($error),
                $status,
                $ffi->plenigo_error_outcome_unknown($error),
            );
        } finally {
            $ffi->plenigo_error_free($error);
        }
    }

    /**
     * Throws the failure call() returned, if any.
     *
     * @param array{message: string, code: int, httpStatus: int, status: int, outcomeUnknown: bool}|null $failure
     * @throws PlenigoException
     */
    public static function check(?array $failure): void
    {
        if ($failure !== null) {
            throw PlenigoException::of(...$failure);
        }
    }

    /**
     * Calls a C function whose output is one `char*` (the last argument before the error),
     * and returns it as a PHP string, freeing the native one.
     *
     * @throws PlenigoException
     */
    public static function callString(string $function, mixed ...$args): string
    {
        $out = self::ffi()->new('char*');
        self::check(self::call($function, ...[...$args, FFI::addr($out)]));
        return self::take($out);
    }

    /** Copies a native `char*` the library handed out into PHP and frees it. */
    public static function take(CData $string): string
    {
        try {
            return FFI::string($string);
        } finally {
            self::ffi()->plenigo_string_free($string);
        }
    }

    /**
     * A string argument: null stays null (the library rejects it where a value is required),
     * numbers and Stringables become strings, NUL bytes are refused.
     *
     * @throws PlenigoException
     */
    public static function str(#[\SensitiveParameter] mixed $value, string $field): ?string
    {
        if ($value === null) {
            return null;
        }
        if (is_int($value) || is_float($value) || $value instanceof \Stringable) {
            $value = (string) $value;
        }
        if (!is_string($value)) {
            throw self::invalid($field, 'must be a string, got ' . get_debug_type($value));
        }
        if (str_contains($value, "\0")) {
            throw self::invalid($field, 'must not contain NUL bytes');
        }
        return $value;
    }

    /**
     * A flag: a bool, or the strings 'true'/'false' (and '1'/'0') as plenigo's documentation
     * passes them; null counts as false.
     *
     * @throws PlenigoException
     */
    public static function flag(mixed $value, string $field): bool
    {
        if (is_bool($value) || $value === null) {
            return (bool) $value;
        }
        if ($value === 0 || $value === 1) {
            return $value === 1;
        }
        if (is_string($value)) {
            $text = strtolower(trim($value));
            if ($text === 'true' || $text === '1') {
                return true;
            }
            if ($text === 'false' || $text === '0' || $text === '') {
                return false;
            }
        }
        throw self::invalid($field, 'must be true or false');
    }

    /**
     * A NUL-terminated copy of $value in native memory for a struct field (null for null);
     * the buffer lives as long as $keep.
     *
     * @param list<CData> $keep
     * @throws PlenigoException
     */
    public static function buffer(#[\SensitiveParameter] mixed $value, string $field, array &$keep): ?CData
    {
        $value = self::str($value, $field);
        if ($value === null) {
            return null;
        }
        $length = strlen($value);
        $buffer = self::ffi()->new('char[' . ($length + 1) . ']');
        if ($length > 0) {
            FFI::memcpy($buffer, $value, $length);
        }
        $keep[] = $buffer;
        return FFI::cast('char*', $buffer);
    }

    /**
     * A native `const char*[]` of the strings (a single string counts as one) and its length.
     *
     * @param string|list<string> $values
     * @param list<CData> $keep
     * @return array{0: ?CData, 1: int}
     * @throws PlenigoException
     */
    public static function strings(mixed $values, string $field, array &$keep): array
    {
        $values = is_array($values) ? array_values($values) : [$values];
        foreach ($values as $value) {
            self::str($value, $field); // refuse bad input before any native memory is made
        }
        if ($values === []) {
            return [null, 0];
        }
        $array = self::ffi()->new('const char*[' . count($values) . ']');
        foreach ($values as $i => $value) {
            $array[$i] = self::buffer($value, $field, $keep);
        }
        $keep[] = $array;
        return [$array, count($values)];
    }

    /** The exception for input refused on the PHP side, shaped like the library's own. */
    private static function invalid(string $field, string $reason): PlenigoException
    {
        return PlenigoException::of("invalid $field: $reason", 1);
    }

    /** @return array{message: string, code: int, httpStatus: int, status: int, outcomeUnknown: bool} */
    private static function failure(string $message, int $code, int $httpStatus, int $status, bool $outcomeUnknown): array
    {
        return compact('message', 'code', 'httpStatus', 'status', 'outcomeUnknown');
    }
}
