{
  "targets": [
    {
      "target_name": "reelguard_zerocopy",
      "sources": ["zerocopy.c"],
      "cflags": ["-std=c11", "-Wall", "-Wextra", "-Werror", "-O2"],
      "conditions": [["OS!='linux'", {"type": "none", "sources!": ["zerocopy.c"]}]]
    }
  ]
}
