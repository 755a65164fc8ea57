<?php

namespace plenigo\exceptions;

/**
 * The company may not do this, e.g. it is not qualified for a closed user group (HTTP 403,
 * code 17).
 */
class AccessDeniedException extends \plenigo\PlenigoException
{
}
