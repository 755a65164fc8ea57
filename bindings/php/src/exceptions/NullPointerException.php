<?php

namespace plenigo\exceptions;

/** A required argument was null (e.g. an address without gender); the message names it. */
class NullPointerException extends InvalidInputException
{
}
