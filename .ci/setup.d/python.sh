# python3 with numpy, scipy and networkx (Debian packages): the real consumers of `sparsegpu export` in the tests.
apt_install_missing python3 python3-numpy python3-scipy python3-networkx
