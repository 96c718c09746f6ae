// Package pgtest starts a throwaway PostgreSQL cluster for tests that need a
// real database, such as Terraform's pg state backend and its locking.
package pgtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Start initialises a cluster in a temporary directory, starts it on a free
// loopback port (its unix socket in that directory too), stops it and
// removes it when t's test ends, and returns a connection string for its
// "postgres" database, in the form Terraform's pg backend takes as conn_str.
//
// initdb refuses to run as root: as root the cluster is run as the
// "postgres" user (which the Debian postgresql package creates; .ci/run
// ensures it).
func Start(t testing.TB) string {
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster")
	}
	t.Helper()
	bin := binDir(t)
	dir, err := os.MkdirTemp("", "repave-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	runAs := ""
	if os.Geteuid() == 0 {
		runAs = "postgres"
		u, err := user.Lookup(runAs)
		if err != nil {
			t.Fatalf("pgtest: running as root and there is no postgres user to run PostgreSQL as (initdb refuses root): %v; `useradd --system postgres` or run .ci/run", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	data := filepath.Join(dir, "data")
	run(t, runAs, filepath.Join(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions")
	port := freePort(t)
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", port, dir)
	run(t, runAs, filepath.Join(bin, "pg_ctl"), "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start")
	t.Cleanup(func() {
		cmd := command(runAs, filepath.Join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Logf("pgtest: stopping PostgreSQL: %v\n%s", err, out)
		}
	})
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
}

// binDir finds initdb and pg_ctl: on PATH, else the newest
// /usr/lib/postgresql/<version>/bin.
func binDir(t testing.TB) string {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	t.Fatal("pgtest: initdb was not found (on PATH or in /usr/lib/postgresql/*/bin): install the postgresql package (.ci/run does)")
	return ""
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

func command(runAs, name string, args ...string) *exec.Cmd {
	if runAs == "" {
		return exec.Command(name, args...)
	}
	return exec.Command("runuser", append([]string{"-u", runAs, "--", name}, args...)...)
}

func run(t testing.TB, runAs, name string, args ...string) {
	t.Helper()
	cmd := command(runAs, name, args...)
	cmd.Dir = os.TempDir()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pgtest: %s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
}

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
