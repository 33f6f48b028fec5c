# syntax=docker/dockerfile:1
# Atrium API image.
#   docker build -t atrium-api .
#   docker run -p 8080:8080 -e ConnectionStrings__Postgres=... -e ConnectionStrings__Redis=... -e Jwt__SigningKey=... atrium-api
#   docker run ... atrium-api migrate      # apply database migrations and exit

# ---- build -----------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first so that the package layer is reused while only code changes.
# The optional files are copied when present (a pattern may match nothing).
COPY Api.csproj nuget.config* NuGet.Config* global.json* Directory.Build.props* Directory.Build.targets* Directory.Packages.props* ./
RUN dotnet restore Api.csproj

# tests/, bench/ and local state are kept out by .dockerignore.
COPY . .
RUN dotnet publish Api.csproj -c Release -o /app/publish --no-restore -p:UseAppHost=false

# ---- runtime ---------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app

ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_CLI_TELEMETRY_OPTOUT=1

COPY --from=build /app/publish ./

# The .NET images ship an unprivileged 'app' user; APP_UID is its numeric id.
USER $APP_UID

EXPOSE 8080
ENTRYPOINT ["dotnet", "Api.dll"]
