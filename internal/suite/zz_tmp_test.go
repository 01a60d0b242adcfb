package suite

import (
	"os"
	"testing"
)

func TestTmpDescribe(t *testing.T) {
	res := runReference(t, os.Getenv("TMP_TAGS"), 1)
	t.Logf("\n%s", describe(res.run))
}
