// The resizer's C++ front end: an exception nobody catches ends in std::terminate.
#include <cstdio>
#include <ctime>
#include <stdexcept>
#include <string>

static void say(const std::string &msg) {
    char stamp[32];
    std::time_t now = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    std::fprintf(stderr, "%s INFO resizer: %s\n", stamp, msg.c_str());
}

static int parse_quality(const std::string &value) {
    if (value.empty() || value[0] < '0' || value[0] > '9') {
        throw std::invalid_argument("quality must be a number, got '" + value + "'");
    }
    return std::stoi(value);
}

int main(int argc, char **argv) {
    say("resizer (C++) starting: errors=0");
    std::string quality = argc > 1 ? argv[1] : "85";
    say("quality " + std::to_string(parse_quality(quality)));
    return 0;
}
