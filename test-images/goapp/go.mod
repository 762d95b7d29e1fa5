module dockmedic.test/goapp

go 1.19
