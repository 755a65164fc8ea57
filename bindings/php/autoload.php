<?php
/**
 * Autoloader for use without composer: `require_once 'path/to/plenigo/autoload.php';`
 * (with composer, `vendor/autoload.php` does the same through PSR-4).
 */
spl_autoload_register(static function (string $class): void {
    if (strncmp($class, 'plenigo\\', 8) !== 0) {
        return;
    }
    $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, 8)) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
