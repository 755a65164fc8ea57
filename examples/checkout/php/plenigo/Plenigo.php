<?php
// The documentation's page loads plenigo's official SDK from plenigo/Plenigo.php; here that
// file loads this project's package instead, so the page's code stays as documented.
require_once __DIR__ . '/../../../../bindings/php/autoload.php';
