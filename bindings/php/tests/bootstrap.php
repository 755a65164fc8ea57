<?php
// Loads the package without composer and the sandbox helpers.
require_once dirname(__DIR__) . '/autoload.php';
require_once __DIR__ . '/Sandbox.php';
require_once __DIR__ . '/SandboxTestCase.php';

if (!getenv('PLENIGO_BASE_URL')) {
    fwrite(STDERR, "PLENIGO_BASE_URL must name a running plenigo-sandbox\n");
    exit(2);
}
