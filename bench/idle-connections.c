/* idle-connections: open N TCP connections to HOST:PORT, send nothing, and
 * hold them until killed, to see a server answer others while they are open.
 * Prints how many opened.  Usage: idle-connections HOST PORT N */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  if (argc != 4)
    {
      fprintf (stderr, "usage: %s HOST PORT N\n", argv[0]);
      return 2;
    }
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons ((unsigned short) atoi (argv[2])) };
  if (inet_pton (AF_INET, argv[1], &sa.sin_addr) != 1)
    {
      fprintf (stderr, "%s: not an IPv4 address: %s\n", argv[0], argv[1]);
      return 2;
    }
  long want = strtol (argv[3], NULL, 10), opened = 0;
  for (long i = 0; i < want; i++)
    {
      int fd = socket (AF_INET, SOCK_STREAM, 0);
      if (fd < 0 || connect (fd, (struct sockaddr *) &sa, sizeof sa) != 0)
        {
          perror ("idle-connections: connect");
          if (fd >= 0)
            close (fd);
          break;
        }
      opened++;
    }
  printf ("idle-connections: %ld of %ld open\n", opened, want);
  fflush (stdout);
  for (;;)
    pause ();
}
