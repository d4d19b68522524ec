{
  # Blossom's Nix entry points (see nix/README.md):
  #   nix develop            a shell with Python 3.11, uv, just, PostgreSQL, Node 20, sqlc
  #   nix run                the product server (`blossom product serve`)
  #   nix build              the `blossom` command, Python dependencies installed by uv
  #                          from requirements.lock at first run (see nix/package.nix)
  description = "Blossom: multi-tenant SaaS backend (typed RPC, Postgres RLS, sqlc)";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";
  };

  outputs = { self, nixpkgs }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      devShells = forAllSystems (pkgs: {
        default = import ./nix/devshell.nix { inherit pkgs; };
      });

      packages = forAllSystems (pkgs: rec {
        blossom = import ./nix/package.nix { inherit pkgs; src = self; };
        default = blossom;
      });

      apps = forAllSystems (pkgs: {
        default = {
          type = "app";
          program = "${self.packages.${pkgs.system}.blossom}/bin/blossom-product";
        };
      });
    };
}
