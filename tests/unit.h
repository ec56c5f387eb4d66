/* SPDX-License-Identifier: MIT */
/* What every unit test needs before cmocka.h, in the order it needs it. */
#ifndef INIT_TESTS_UNIT_H
#define INIT_TESTS_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#endif
