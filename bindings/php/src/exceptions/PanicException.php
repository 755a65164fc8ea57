<?php

namespace plenigo\exceptions;

/** A bug inside the native library, caught at its boundary (code 10): please report it. */
class PanicException extends \plenigo\PlenigoException
{
}
