# A chat node: Chat.Web's page and Chat.Server, published together. Built by docker-compose.yml
# (chat1..chat3); run alone it needs the configuration keys in the README (Database__Provider, ...).

# --- the browser page: built when Chat.Web is an npm project, copied as it is otherwise ---
FROM node:20-bookworm-slim AS web
WORKDIR /src/Chat.Web
COPY Chat.Web/ ./
RUN if [ -f package.json ]; then \
      if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi \
      && npm run --if-present build \
      && rm -rf node_modules; \
    fi

# --- the server, published with the page next to it (Chat.Server.csproj picks it up from ../Chat.Web) ---
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY Chat.Server/Chat.Server.csproj Chat.Server/
RUN dotnet restore Chat.Server/Chat.Server.csproj
COPY Chat.Server/ Chat.Server/
COPY --from=web /src/Chat.Web/ Chat.Web/
# The page was built in the node stage; this stage has no Node, so MSBuild must not try npm.
RUN dotnet publish Chat.Server/Chat.Server.csproj -c Release --no-restore -p:SkipWebBuild=true -o /app

# --- runtime ---
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl for the compose healthcheck on /healthz/ready.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# appsettings.json sets "Urls", which outranks ASPNETCORE_URLS; the plain "Urls" variable outranks the file.
ENV ASPNETCORE_URLS=http://+:8080 \
    Urls=http://+:8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Chat.Server.dll"]
