# Slurm (slurmctld, slurmd, sbatch) and munge, for the test that runs experiments/paper-study/slurm-local.sh: a
# single-node Slurm on the CI machine running the study's job array for real (about 9 MB of Debian packages).
apt_install_missing slurm-wlm munge
