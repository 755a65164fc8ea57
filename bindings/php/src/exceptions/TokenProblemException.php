<?php

namespace plenigo\exceptions;

/** An app token is unknown, already used, or belongs to another customer (HTTP 403, code 13). */
class TokenProblemException extends \plenigo\PlenigoException
{
}
