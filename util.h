/* SPDX-License-Identifier: MIT */
#ifndef INIT_UTIL_H
#define INIT_UTIL_H

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Writes n in decimal and a NUL at buf (room for 21 bytes); returns the end,
 * so pieces can be chained without stdio. */
static inline char *fmt_ulong(char *buf, unsigned long n)
{
	char tmp[20];
	unsigned i = 0;

	do
		tmp[i++] = (char)('0' + n % 10);
	while (n /= 10);
	while (i)
		*buf++ = tmp[--i];
	*buf = '\0';
	return buf;
}

#endif
