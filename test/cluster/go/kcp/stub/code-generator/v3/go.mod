// Stand-in: no package of cmd/kcp imports this module.
module github.com/kcp-dev/code-generator/v3

go 1.25.0
