/* SPDX-License-Identifier: MIT */
#include "util.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

char *util_utoa(char *buf, unsigned long n)
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

char *util_cat(char *dst, const char *src)
{
	while ((*dst = *src++))
		dst++;
	return dst;
}

char *util_find(const char *s, char c)
{
	while (*s && *s != c)
		s++;
	return (char *)s;
}

static unsigned char fold(unsigned char c, bool any_case)
{
	return any_case && c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

const char *util_skip(const char *s, const char *word, bool any_case)
{
	for (; *word; s++, word++)
		if (fold((unsigned char)*s, any_case) != fold((unsigned char)*word, any_case))
			return NULL;
	return s;
}

char *util_getenv(const char *name)
{
	for (char **e = environ; e && *e; e++) {
		const char *v = util_skip(*e, name, false);

		if (v && *v == '=')
			return (char *)v + 1;
	}
	return NULL;
}

int util_open(const char *path, int flags)
{
	/* O_LARGEFILE as libc adds it: 32-bit targets need it for big files */
	return (int)syscall(SYS_openat, AT_FDCWD, path, flags | O_LARGEFILE);
}
