<?php
/**
 * The opcache.preload script: compiles every class of the package into the server's memory,
 * so their calls may use the FFI scope that ffi.preload loaded (Debian's ffi.enable=preload
 * allows FFI only there). php.ini, for php-fpm and Apache mod_php alike:
 *
 *     opcache.preload=/path/to/plenigo/preload.php
 *     opcache.preload_user=www-data
 *     ffi.enable=preload
 *     ffi.preload=/path/to/plenigo/lib/plenigo_preload.h   ; php bin/preload-header writes it
 *
 * Stops the server's start when the header is missing, stale or not loaded.
 */

use plenigo\internal\PreloadHeader;

require __DIR__ . '/autoload.php';

$headers = array_filter(explode(PATH_SEPARATOR, (string) ini_get('ffi.preload')));
$ours = array_values(array_filter(
    $headers,
    fn (string $file): bool => is_file($file) && str_contains((string) file_get_contents($file), '#define FFI_SCOPE "plenigo"'),
));
if ($ours === []) {
    throw new RuntimeException('plenigo: ffi.preload names no header with FFI_SCOPE "plenigo": run php '
        . __DIR__ . '/bin/preload-header and set ffi.preload to the file it writes');
}
if (!PreloadHeader::isFresh(file_get_contents($ours[0]))) {
    throw new RuntimeException("plenigo: $ours[0] does not match plenigo_php.h: run php " . __DIR__ . '/bin/preload-header again');
}
FFI::scope('plenigo');

$src = __DIR__ . '/src';
foreach (new RecursiveIteratorIterator(new RecursiveDirectoryIterator($src, FilesystemIterator::SKIP_DOTS)) as $file) {
    if ($file->getExtension() === 'php') {
        $class = 'plenigo\\' . str_replace('/', '\\', substr($file->getPathname(), strlen($src) + 1, -4));
        class_exists($class) || interface_exists($class) || throw new RuntimeException("plenigo: cannot preload $class");
    }
}
