package packer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Manifest is the file the manifest post-processor writes. It accumulates
// the builds of every run; LastRun selects the latest run's.
type Manifest struct {
	Builds      []ManifestBuild `json:"builds"`
	LastRunUUID string          `json:"last_run_uuid"`
}

// ManifestBuild is one build recorded in a manifest.
type ManifestBuild struct {
	Name          string            `json:"name"`
	BuilderType   string            `json:"builder_type"`
	BuildTime     int64             `json:"build_time"`
	Files         []ManifestFile    `json:"files"`
	ArtifactID    string            `json:"artifact_id"`
	PackerRunUUID string            `json:"packer_run_uuid"`
	CustomData    map[string]string `json:"custom_data"`
}

// ManifestFile is a file of a build's artifact.
type ManifestFile struct {
	Name string `json:"name"`
	Size int64  `json:"size"`
}

// ReadManifest reads a manifest file; a missing file is (nil, nil), since
// templates without the manifest post-processor write none.
func ReadManifest(path string) (*Manifest, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("packer manifest %s is not valid JSON: %w", path, err)
	}
	return &m, nil
}

// LastRun returns the builds of the latest run (last_run_uuid).
func (m *Manifest) LastRun() []ManifestBuild {
	if m == nil {
		return nil
	}
	var out []ManifestBuild
	for _, b := range m.Builds {
		if b.PackerRunUUID == m.LastRunUUID {
			out = append(out, b)
		}
	}
	return out
}
