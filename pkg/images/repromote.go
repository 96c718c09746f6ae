package images

import "fmt"

// PromoteRecorded moves channel of bucket (registry in dir) to version, which
// must already be recorded there, and saves the registry. It returns the
// version and the one the channel pointed at before (nil when the channel
// is new).
func PromoteRecorded(dir, bucket, channel, version string) (Version, *Version, error) {
	reg, err := Load(dir, bucket)
	if err != nil {
		return Version{}, nil, err
	}
	v := reg.Find(version)
	if v == nil {
		return Version{}, nil, fmt.Errorf("cannot promote %s@%s to %s: %s records no such version; bake it first", bucket, channel, version, reg.Path())
	}
	prev, err := reg.Promote(channel, v.Version)
	if err != nil {
		return Version{}, nil, err
	}
	if err := reg.Save(); err != nil {
		return Version{}, nil, err
	}
	return *v, reg.Find(prev), nil
}
