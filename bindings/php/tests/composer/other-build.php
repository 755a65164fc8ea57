<?php
// php other-build.php HEADER: rewrites a copy of plenigo_php.h as the header of another build
// (version 99.99.99): its PLENIGO_VERSION_MAJOR/MINOR/PATCH become 99, or are added when the
// header declares none. Loaded with a library of this build, the package must refuse it.
$file = $argv[1];
$text = preg_replace('/\b(PLENIGO_VERSION_(?:MAJOR|MINOR|PATCH)\b\D*?)\d+/', '${1}99', file_get_contents($file), -1, $count);
$text = preg_replace('/\bPLENIGO_VERSION(\s+)"[^"]*"/', 'PLENIGO_VERSION$1"99.99.99"', $text);
if ($count === 0) {
    $text .= "\nenum { PLENIGO_VERSION_MAJOR = 99, PLENIGO_VERSION_MINOR = 99, PLENIGO_VERSION_PATCH = 99 };\n";
}
file_put_contents($file, $text);
