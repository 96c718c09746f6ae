package gh

import "testing"

func TestAPIURLs(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, base, upload string }{
		{"", "https://api.github.com/", "https://uploads.github.com/"},
		{"https://api.github.com", "https://api.github.com/", "https://uploads.github.com/"},
		{"https://ghe.example.com/api/v3", "https://ghe.example.com/api/v3/", "https://ghe.example.com/api/uploads/"},
		{"https://127.0.0.1:8443/api/v3/", "https://127.0.0.1:8443/api/v3/", "https://127.0.0.1:8443/api/uploads/"},
		{"https://api.acme.ghe.com", "https://api.acme.ghe.com/", "https://uploads.acme.ghe.com/"},
		{"http://127.0.0.1:1234", "http://127.0.0.1:1234/", "http://127.0.0.1:1234/"},
	}
	for _, tc := range cases {
		base, upload, err := apiURLs(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if base.String() != tc.base || upload.String() != tc.upload {
			t.Errorf("%q: base %q upload %q, want %q %q", tc.in, base, upload, tc.base, tc.upload)
		}
	}
	for _, bad := range []string{"ghe.example.com", "ftp://x/", "https://"} {
		if _, _, err := apiURLs(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
