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
 * Stops the server's start when the header is missing, stale or not loaded, or when the
 * library it loaded comes from another build (Native: the versions must match).
 */

use plenigo\internal\Native;
use plenigo\internal\PreloadHeader;

require __DIR__ . '/autoload.php';

$header = PreloadHeader::find();
if ($header === null) {
    throw new RuntimeException('plenigo: ffi.preload names no header with FFI_SCOPE "plenigo": run php '
        . __DIR__ . '/bin/preload-header and set ffi.preload to the file it writes');
}
if (!PreloadHeader::isFresh(file_get_contents($header))) {
    throw new RuntimeException("plenigo: $header does not match plenigo_php.h: run php " . __DIR__ . '/bin/preload-header again');
}
// Loads the scope and refuses a library of another build than the header (a PlenigoException
// of kind SETUP): the server does not start.
Native::checkPreloaded(Native::ffi(), true);

$src = __DIR__ . '/src';
foreach (new RecursiveIteratorIterator(new RecursiveDirectoryIterator($src, FilesystemIterator::SKIP_DOTS)) as $file) {
    if ($file->getExtension() === 'php') {
        $class = 'plenigo\\' . str_replace('/', '\\', substr($file->getPathname(), strlen($src) + 1, -4));
        class_exists($class) || interface_exists($class) || throw new RuntimeException("plenigo: cannot preload $class");
    }
}
